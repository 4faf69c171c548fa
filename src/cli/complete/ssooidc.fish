# fish completion for ssooidc, printed by `ssooidc completion fish`. Save it as
# ~/.config/fish/completions/ssooidc.fish. The candidates come from `ssooidc __complete`, so
# they always match the installed binary.
function __ssooidc_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l candidates (ssooidc __complete (count $words) $words $current 2>/dev/null)
    if test (count $candidates) -eq 1; and test "$candidates[1]" = ':files'
        # A file name, possibly after `--option=`: fish's own completion does it best.
        set -l lead (string match -r -- '^--[^=]*=' $current)
        set -l path (string replace -r -- '^--[^=]*=' '' $current)
        for file in (__fish_complete_path $path)
            printf '%s\n' "$lead$file"
        end
        return
    end
    for candidate in $candidates
        printf '%s\n' $candidate
    end
end

complete -c ssooidc -f -a '(__ssooidc_complete)'
