#compdef ssooidc
# zsh completion for ssooidc, printed by `ssooidc completion zsh`. Save it as `_ssooidc` in a
# directory of $fpath, or source it after `compinit`. The candidates come from
# `ssooidc __complete`, so they always match the installed binary.
_ssooidc() {
    local -a candidates
    candidates=("${(@f)$(ssooidc __complete $((CURRENT - 1)) "${words[@]}" 2>/dev/null)}")
    candidates=(${candidates:#})
    if [[ ${#candidates} -eq 1 && $candidates[1] == ':files' ]]; then
        # A file name, possibly after `--option=`: zsh's own completion does it best.
        compset -P '--*='
        _files
        return
    fi
    (( ${#candidates} )) && compadd -- "${candidates[@]}"
}

if [[ $funcstack[1] == _ssooidc ]]; then
    # Autoloaded from $fpath by compinit: this is the first completion, do it.
    _ssooidc "$@"
elif (( $+functions[compdef] )); then
    compdef _ssooidc ssooidc
else
    print -u2 "ssooidc completion: run 'autoload -Uz compinit && compinit' before sourcing this script"
fi
