# PowerShell completion for ssooidc, printed by `ssooidc completion powershell`. Add
#   ssooidc completion powershell | Out-String | Invoke-Expression
# to your $PROFILE. The candidates come from `ssooidc __complete`, so they always match the
# installed binary.
Register-ArgumentCompleter -Native -CommandName 'ssooidc', 'ssooidc.exe' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    # The words before the cursor; the word under it is $wordToComplete (empty after a space).
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.EndOffset -lt $cursorPosition } |
        ForEach-Object { $_.Extent.Text })
    $index = $words.Count
    # An empty argument may not reach a native program (Windows PowerShell drops it): an index
    # past the last word means an empty word, so only a non-empty one is passed.
    if ($wordToComplete -ne '') { $words += $wordToComplete }
    $candidates = @(& ssooidc __complete $index @words 2>$null)
    if ($candidates.Count -eq 1 -and $candidates[0] -eq ':files') {
        # A file name: returning nothing lets PowerShell complete paths itself.
        return
    }
    foreach ($candidate in $candidates) {
        if ($candidate -ne '') {
            [System.Management.Automation.CompletionResult]::new(
                $candidate, $candidate, 'ParameterValue', $candidate)
        }
    }
}
