// The page's stylesheet, inline: system fonts, no external asset. Status colours are the same
// everywhere (badge, card edge, bar fill); light and dark follow the reader's system setting.

export const PAGE_STYLE = `
:root {
  --bg: #f5f6f8; --card: #fff; --text: #1b2230; --muted: #5b6576; --line: #dfe3ea; --track: #e7eaef;
  --ok: #2f9e58; --ok-bg: #e2f5e8; --warning: #d18b00; --warning-bg: #fff2cc; --critical: #c62a2f; --critical-bg: #fde3e3;
  --warning-line: #8f5d00; --critical-line: #7a1116;
  --unknown: #7b8494; --unknown-bg: #eceef2; --stale: #6a4bc4; --stale-bg: #ece6fb; --code-bg: #111823; --code-text: #e6edf3;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #12161d; --card: #1a2029; --text: #e4e8ee; --muted: #9aa4b5; --line: #2c3440; --track: #2a313c;
    --ok-bg: #183a25; --warning-bg: #3d3012; --critical-bg: #45191b; --unknown-bg: #2a303a; --stale-bg: #2d2546; --code-bg: #0b0f15;
    --warning-line: #ffd166; --critical-line: #ff8a8f; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main, .page-head, footer { max-width: 1100px; margin: 0 auto; padding: 0 1.25rem; }
.page-head { padding-top: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 0; }
h2 a { color: inherit; text-decoration: none; }
h2 a:hover { text-decoration: underline; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
h4 { margin: 0 0 .25rem; font-size: .95rem; }
a { color: #2f6fdb; }
.meta, .counts, .legend, footer { color: var(--muted); font-size: .88rem; }
.summary { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: .75rem 0 1.25rem; }
.target { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--unknown); border-radius: 10px; padding: 1rem 1.25rem 1.25rem; margin: 0 0 1.25rem; }
.target.status-ok { border-left-color: var(--ok); }
.target.status-warning { border-left-color: var(--warning); }
.target.status-critical { border-left-color: var(--critical); }
.target-head { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }
.badge, .chip { display: inline-block; border-radius: 999px; padding: .05rem .55rem; font-size: .75rem; font-weight: 600; letter-spacing: .02em; text-transform: uppercase; background: var(--unknown-bg); color: var(--unknown); white-space: nowrap; }
.chip { text-transform: none; font-weight: 500; }
.status-ok.badge, .chip.status-ok { background: var(--ok-bg); color: var(--ok); }
.status-warning.badge, .sev-warning.chip, .chip.status-warning { background: var(--warning-bg); color: var(--warning); }
.status-critical.badge, .sev-critical.chip, .chip.status-critical { background: var(--critical-bg); color: var(--critical); }
.badge.stale { background: var(--stale-bg); color: var(--stale); }
.badge.blind { background: var(--text); color: var(--card); }
.chip.alert-pending { opacity: .8; border: 1px dashed currentColor; }
.notice { border-radius: 8px; padding: .5rem .75rem; margin: .75rem 0; background: var(--unknown-bg); }
.notice-stale { background: var(--stale-bg); }
.notice-blind { background: var(--critical-bg); }
.notice .detail { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; word-break: break-word; }
.is-stale .nodes, .is-stale .counts { opacity: .55; }
.nodes { display: grid; gap: .2rem; margin-top: .5rem; }
.node, .more-nodes > .node { display: grid; grid-template-columns: minmax(8rem, 13rem) minmax(8rem, 1fr) minmax(8.5rem, auto) 4.5rem; align-items: center; gap: .75rem; padding: .2rem 0; border-bottom: 1px solid var(--line); font-variant-numeric: tabular-nums; }
.more-nodes summary { cursor: pointer; color: #2f6fdb; padding: .35rem 0; font-size: .88rem; }
.node-name code { font-size: .85rem; }
.node-name .chip { margin-left: .35rem; font-size: .7rem; }
.node-numbers { text-align: right; font-size: .9rem; }
.node-numbers small { display: block; color: var(--muted); font-size: .75rem; }
.node-numbers small.alarm { color: var(--critical); }
.node-percent { text-align: right; font-weight: 600; }
.bar { width: 100%; height: 14px; display: block; border-radius: 3px; overflow: hidden; }
.bar .track { fill: var(--track); }
.bar .fill { fill: var(--ok); }
.node.status-warning .bar .fill { fill: var(--warning); }
.node.status-critical .bar .fill { fill: var(--critical); }
.node.status-unknown .bar .fill { fill: var(--unknown); }
.bar .line-warning { stroke: var(--warning-line); stroke-width: 2; }
.bar .line-critical { stroke: var(--critical-line); stroke-width: 2; }
.legend { margin: .4rem 0 0; display: flex; flex-wrap: wrap; gap: .3rem .9rem; align-items: center; }
.key { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .3rem; vertical-align: -1px; }
.key-used { background: var(--ok); }
.key-warning { width: 3px; background: var(--warning-line); }
.key-critical { width: 3px; background: var(--critical-line); }
.findings, .risks { padding-left: 0; list-style: none; margin: 0; }
.findings li, .risks li { margin: .3rem 0; }
.code { font-size: .8rem; color: var(--muted); }
.allocation { margin: .25rem 0 .5rem; }
.recommendations { padding-left: 1.2rem; }
.recommendation { margin: .75rem 0; }
.recommendation p { margin: .2rem 0 .4rem; }
.command { position: relative; margin: .35rem 0; }
.command pre { margin: 0; background: var(--code-bg); color: var(--code-text); padding: .6rem 4.5rem .6rem .8rem; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; font: .82rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
button { font: inherit; border-radius: 6px; border: 1px solid #2f6fdb; background: #2f6fdb; color: #fff; padding: .35rem .9rem; cursor: pointer; }
button.secondary { background: transparent; color: #2f6fdb; margin-top: .5rem; }
button.copy { position: absolute; top: .35rem; right: .35rem; padding: .1rem .55rem; font-size: .75rem; background: #2b3545; border-color: #3b475a; }
.what-if { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.25rem 1.25rem; margin: 2rem 0 1.25rem; }
.what-if form { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 0; padding: .5rem .9rem .8rem; }
legend { font-weight: 600; padding: 0 .3rem; }
label { display: block; margin: .45rem 0; font-size: .88rem; color: var(--muted); }
label small { display: block; font-size: .75rem; }
input, select { display: block; width: 100%; margin-top: .15rem; font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .3rem .5rem; }
[aria-invalid="true"] { border-color: var(--critical); outline: 2px solid var(--critical-bg); }
.actions { align-self: end; }
.what-if-result:not(:empty) { margin-top: 1rem; border-top: 1px solid var(--line); }
.empty { background: var(--card); border: 1px dashed var(--line); border-radius: 10px; padding: 1.25rem; }
footer { padding-bottom: 2rem; }
@media (max-width: 640px) { .node { grid-template-columns: 1fr 5rem; } .node .bar { grid-column: 1 / -1; grid-row: 2; } .node-numbers { text-align: left; } }
`;
