import { CLIENT_SCRIPT } from './client';
import { type Html, html, trusted } from './html';
import { CONSOLE_CSS } from './style';

export interface PageOptions {
  title: string;
  /** the guarded route that renders this page's content; the script refreshes from it. */
  fragmentUrl: string;
  /** default refresh period (ms); `?refresh_ms=` overrides it. */
  refreshMs: number;
  /** the content, when the request may see it (public console); else the script fetches it with the token. */
  content?: Html;
  charts?: boolean;
}

/** the page around the content: header, token box, error line; the content refreshes in place. */
export function layout(o: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${o.title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${o.charts ? trusted('<link rel="stylesheet" href="/console/assets/uPlot.min.css">\n<script src="/console/assets/uPlot.iife.min.js"></script>') : ''}
<style>${trusted(CONSOLE_CSS)}</style>
</head>
<body>
<header>
  <h1><a href="/" style="color:inherit;text-decoration:none">Agent fleet</a></h1>
  <span class="muted">${o.title}</span>
  <span id="error"></span>
  <span id="token-box" hidden><input id="token" type="password" placeholder="bearer token">
    <button id="token-save">use token</button></span>
</header>
<main id="console" data-fragment="${o.fragmentUrl}" data-refresh-ms="${String(o.refreshMs)}">${o.content ?? ''}</main>
<script>${trusted(CLIENT_SCRIPT)}</script>
</body>
</html>
`.value;
}
