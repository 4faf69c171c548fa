# bash completion for ssooidc, printed by `ssooidc completion bash`.
# The candidates come from `ssooidc __complete`, so they always match the installed binary.
# Written for bash 3.2 and later (no mapfile; compopt only where bash has it).
_ssooidc() {
    local line
    COMPREPLY=()
    while IFS= read -r line; do
        COMPREPLY+=("$line")
    done < <(ssooidc __complete "$COMP_CWORD" "${COMP_WORDS[@]}" 2>/dev/null)
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == ':files' ]]; then
        # A file name: bash's own completion does it best.
        COMPREPLY=()
        compopt -o default 2>/dev/null
    fi
    return 0
}
complete -F _ssooidc ssooidc
