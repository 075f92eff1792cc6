// the console's stylesheet, inlined in every page.
export const CONSOLE_CSS = `
  body { font: 14px system-ui, sans-serif; margin: 1.2rem 1.5rem; color: #222; }
  header { display: flex; gap: 1.2rem; align-items: baseline; flex-wrap: wrap; margin-bottom: .6rem; }
  header h1 { font-size: 1.3rem; margin: 0; }
  h2 { font-size: 1.15rem; margin: 1.1rem 0 .5rem; }
  h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
  a { color: #1a56b0; }
  .bar { display: flex; gap: 1rem; align-items: center; margin-bottom: .6rem; flex-wrap: wrap; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  th { background: #f4f4f4; }
  .state { font-weight: 600; padding: .1rem .4rem; border-radius: 3px; }
  .state-up { background: #d7f5d7; } .state-late { background: #fff0c2; }
  .state-down { background: #ffd4d4; } .state-new { background: #e3ecff; } .state-paused { background: #e8e8e8; }
  .status-off_track, .status-blocked { color: #b00; } .status-drifting { color: #b06b00; }
  .transitions { color: #555; font-size: 12px; }
  .muted { color: #777; } .empty { color: #777; font-style: italic; }
  .missing { color: #8a4b00; background: #fff4e0; border: 1px solid #f0c98a; padding: .3rem .6rem; border-radius: 3px; }
  #error { color: #b00; }
  #counts span { margin-right: .8rem; }
  .backends { margin: .4rem 0 .8rem; font-size: 13px; }
  .backend { padding: .1rem .45rem; border-radius: 3px; margin-right: .4rem; }
  .backend.ok { background: #e4f6e4; color: #1d5e1d; } .backend.down { background: #ffe0e0; color: #9b1111; }
  .sev-critical, .sev-page { color: #b00; font-weight: 600; } .sev-warning { color: #b06b00; }
  .result-failure { color: #b00; } .result-retry { color: #b06b00; }
  .offenders tr.over td:first-child { border-left: 3px solid #b00; } .offender-signal.worst { font-weight: 600; } .offenders tr.over .offender-signal.worst { color: #b00; }
  .facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: .2rem 1rem; margin: .3rem 0; }
  .facts dt { color: #666; } .facts dd { margin: 0; }
  .segbar { position: relative; height: 26px; background: #f3f3f3; border-radius: 3px; overflow: hidden; }
  .seg { position: absolute; top: 0; bottom: 0; font-size: 11px; line-height: 26px; text-align: center;
    overflow: hidden; white-space: nowrap; border-right: 1px solid #fff; }
  .v-up, .v-on_track { background: #9fdf9f; } .v-late, .v-drifting { background: #ffd966; }
  .v-down, .v-off_track, .v-blocked { background: #f08080; } .v-new, .v-unknown { background: #b8c9f0; }
  .v-paused { background: #c8c8c8; }
  .axis { display: flex; justify-content: space-between; font-size: 11px; color: #777; }
  .transitions-list { font-size: 12px; color: #444; margin: .3rem 0; padding-left: 1.2rem; columns: 2; }
  .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
  .chart { min-height: 200px; }
  .run { margin-bottom: .9rem; border: 1px solid #e3e3e3; border-radius: 4px; padding: .3rem .5rem; }
  .run-head { display: flex; gap: .8rem; align-items: baseline; margin-bottom: .2rem; }
  .badge { font-size: 11px; padding: 0 .35rem; border-radius: 3px; }
  .badge.ok { background: #e4f6e4; } .badge.err, .err { background: #ffe0e0; color: #9b1111; }
  .waterfall td { border-bottom: 1px solid #f0f0f0; padding: .12rem .4rem; font-size: 12px; }
  .wf-name { width: 42%; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 30rem; }
  .wf-track { position: relative; width: 48%; }
  .wf-bar { position: absolute; top: 4px; bottom: 4px; background: #7aa7e0; border-radius: 2px; min-width: 2px; }
  .role-phase .wf-bar { background: #5b7fc7; } .role-invoke_agent .wf-bar { background: #8e6cc4; }
  .role-execute_tool .wf-bar { background: #4fa58f; }
  .wf-row.error .wf-bar { background: #d9534f; } .wf-row.error .wf-name { color: #9b1111; }
  .wf-dur { width: 10%; text-align: right; white-space: nowrap; color: #555; }
  .wf-attrs td { font-size: 11px; color: #555; }
  .wf-attrs code { margin-right: .5rem; }
  .logs td { font-size: 12px; font-family: ui-monospace, monospace; }
  .logs .msg { white-space: pre-wrap; word-break: break-word; }
  td.activity { max-width: 24rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .summary-facts { grid-template-columns: max-content 1fr; max-width: 60rem; }
  .drift-reasons { margin: 0; padding-left: 1.1rem; }
  .confidence { white-space: nowrap; }
  .meter { display: inline-block; width: 5rem; height: .55rem; background: #eee; border-radius: 3px; overflow: hidden; vertical-align: middle; }
  .meter span { display: block; height: 100%; }
  .conf-high .meter span { background: #5cb85c; } .conf-mid .meter span { background: #f0ad4e; } .conf-low .meter span { background: #d9534f; }
  .summaries td { font-size: 12px; }
  .logs tr.sev-error td, .logs tr.sev-fatal td { color: #9b1111; } .logs tr.sev-warn td { color: #8a5a00; }
`;
