namespace Ece.Conformance.Reports;

internal static class HtmlStyles
{
    public const string Css = """
        body { font: 15px/1.45 system-ui, sans-serif; color: #1d2330; background: #f4f5f7; margin: 0; }
        main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 2rem 4rem; background: #fff; }
        h1 { font-size: 1.6rem; margin: .2rem 0 1rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #dde1e8; }
        .verdict { display: inline-block; font-size: 1.4rem; font-weight: 700; padding: .3rem 1rem; border-radius: 4px; color: #fff; }
        .verdict.pass { background: #1a7f37; } .verdict.fail { background: #cf222e; } .verdict.warn { background: #9a6700; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0; } .results td:first-child, .rules td:first-child { white-space: nowrap; } th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e4e7ec; }
        .facts b.shown { color: #1a7f37; } .facts b.hidden { color: #9a6700; }
        .facts th { width: 9rem; color: #57606a; } .counts { font-weight: 600; } .note { background: #fff8c5; padding: .5rem; }
        tr.passed td:nth-child(4) { color: #1a7f37; } tr.failed { background: #ffebe9; } tr.warning { background: #fff8c5; } tr.information { background: #f6f8fa; }
        tr.notjudged { background: #fbefff; } tr.knownfailure { background: #eef2ff; }
        .filter { margin: 1rem 0; } #not-passing:checked ~ main tr.passed, #not-passing:checked ~ main tr.notapplicable, #not-passing:checked ~ main tr.skipped { display: none; }
        #not-passing:checked ~ main .filter label::after { content: " (on: only what is not passing is shown)"; }
        .replay { font-size: .85em; word-break: normal; overflow-wrap: anywhere; } .summary li { margin: .15rem 0; } .legend { color: #57606a; font-size: .9em; }
        .finding { color: #57606a; margin-top: .2rem; } .why, .section { color: #57606a; font-size: .9em; }
        q { display: block; font-style: italic; margin: .2rem 0; } q[lang=fr]::before { content: "FR "; font-style: normal; color: #8c959f; } q[lang=en]::before { content: "EN "; font-style: normal; color: #8c959f; }
        pre { white-space: pre-wrap; word-break: break-all; background: #f6f8fa; padding: .5rem; margin: .2rem 0; max-height: 24rem; overflow: auto; }
        table.diff th { width: 6rem; } details { margin: .3rem 0; } summary { cursor: pointer; color: #0969da; }
        figure img { max-width: 100%; border: 1px solid #d0d7de; }
        """;
}
