/**
 * The panel's styles, scoped by the shadow root. Colours are custom properties so a merchant can
 * set `--kefu-accent` (and friends) on the host; dark mode swaps the neutrals only. The panel is
 * laid out left to right on a right-to-left page too: `all:initial` on the host leaves `direction`
 * inherited, and the widget's words are Chinese or English (each message still takes its own, `dir=auto`).
 * The panel fills a phone's screen: one that lays a page without a viewport tag out 980 px wide too
 * (`max-device-width`, its screen's width; the loader zooms the widget back to its usual size).
 * Its rule as specific as the left-hand corner's (`:host([data-kefu])`, the loader's host), so a
 * launcher on the left does not leave the full-screen panel 20 px off the screen's right edge, and
 * placed by the loader's measure of the visual viewport's edges (`--kefu-t/r/b/l`, draw-launcher.ts).
 * `pointer-events:auto` on the container: the loader's host, over the whole page, lets pointers through.
 * The header's text is clipped to its box: on a panel pinched narrow, its status line (a layer of its
 * own, for its opacity) ran on over the close button and took its taps.
 *
 * Readable on any accent: `--f` is black or white, whichever contrasts more with the merchant's
 * accent (WCAG luminance `y` above or below .179: at least 4.58:1), for what is drawn on it; `--d`
 * is the accent darkened to luminance .17 at most (4.77:1 on white, the hue kept), for the accent
 * drawn on white (chips, the read tick, focus rings, the launcher's ring once the app is here). Both are computed from `--kefu-accent` itself (relative colour syntax), so with no
 * accent set, or in an engine without the colour maths, they are unset and each use falls back to
 * what was always drawn (`var(--f,#fff)`, `var(--d,var(--a))`): the default blue theme keeps its
 * exact colours. `initial` first, so a page's own `--f` or `--d` never reaches the widget.
 * Dark mode draws the accent on a dark panel: `--d` is the accent made light enough there (oklch
 * lightness .72 at least, the hue kept: 3:1 on the panel even for a navy), or the accent itself.
 * It also says `color-scheme:dark`, so the browser's own parts (scrollbars) are not drawn light on it.
 * In a short window (480 px high or less: a laptop with a download bar or zoomed, a phone held sideways
 * in a page with a viewport tag) the panel stands beside the launcher, not above it: above, it kept
 * 112 px less than the window's height, and under a ticket's note its message box was cut off.
 * `overscroll-behavior:contain` on the panel (a scroll container, `overflow:hidden`), not the
 * transcript alone: a drag on the header or the message box must not scroll the page behind it either.
 */
export const APP_CSS = `.app{--bg:#fff;--fg:#1d2129;--mute:#5c6470;--line:#e5e7eb;--soft:#f3f4f6;font:14px/1.5 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--fg);-webkit-text-size-adjust:100%;direction:ltr;pointer-events:auto}
:host{--f:initial!important;--d:initial!important}.l:focus-visible{outline-color:var(--d,var(--a))}.l:hover{opacity:.9}[aria-expanded=false] .x,[aria-expanded=true] svg:not(.x){display:none}
.b{position:absolute;top:-3px;right:-3px;min-width:8px;padding:0 6px;border-radius:10px;background:#c8102e;color:#fff;font:700 12px/20px sans-serif}.b:empty{display:none}
@supports (color:color(from red xyz calc(x*min(1,.17/y)) y z)){:host{--f:color(from var(--kefu-accent) xyz calc(1e9*(.179 - y)) calc(1e9*(.179 - y)) calc(1e9*(.179 - y)))!important;--d:color(from var(--kefu-accent) xyz calc(x*min(1,.17/y)) min(y,.17) calc(z*min(1,.17/y)))!important}}
*,:before,:after{box-sizing:border-box}
button,textarea{font:inherit;color:inherit}svg{fill:currentColor}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.panel{position:fixed;right:calc(20px + env(safe-area-inset-right));bottom:calc(88px + env(safe-area-inset-bottom));width:min(376px,calc(100% - 40px));height:min(720px,calc(100% - 112px));display:flex;flex-direction:column;background:var(--bg);border-radius:16px;box-shadow:0 12px 48px #0f172a2e,0 2px 8px #0f172a14;overflow:hidden;overscroll-behavior:contain;outline:none;animation:in .18s ease-out;border:1px solid var(--line)}
:host([data-pos=left]) .panel{right:auto;left:calc(20px + env(safe-area-inset-left))}
@keyframes in{from{opacity:0;transform:translateY(12px) scale(.98)}}
.head{display:flex;align-items:center;gap:10px;padding:12px 10px 12px 14px;background:var(--a);color:var(--f,#fff);flex:none}
.av{flex:none;width:36px;height:36px;border-radius:50%;background:#ffffff38;display:grid;place-items:center;font-weight:700;font-size:16px;overflow:hidden}
.av img{width:100%;height:100%;object-fit:cover}
.head-text{flex:1;min-width:0;overflow:hidden}
.head h2{margin:0;font-size:15px;font-weight:650;line-height:1.3;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.state{margin:1px 0 0;font-size:12px;opacity:.95;display:flex;align-items:center;gap:6px}
.dot{flex:none;width:7px;height:7px;border-radius:50%;background:#7ee2a8}
[data-status=queued] .dot{background:#ffd479}[data-status=closed] .dot,[data-status=ticket] .dot{background:#cbd2dc}
.icon-btn,.send{flex:none;width:40px;height:40px;border:0;border-radius:10px;background:none;color:inherit;cursor:pointer;display:grid;place-items:center}
.icon-btn:hover{background:#ffffff29}
.icon-btn svg{width:22px;height:22px}
:focus-visible{outline:2px solid var(--d,var(--a));outline-offset:2px}
.head :focus-visible{outline-color:var(--f,#fff)}
.banner{flex:none;padding:7px 14px;font-size:12.5px;background:#fff4d6;color:#5c4400;border-bottom:1px solid #f1dc9b}
.banner .link{color:inherit}
.banner.bad{background:#fde7ea;color:#8a1020;border-color:#f5c2ca}
.ctx{overflow:auto;padding:10px 14px;border-bottom:1px solid var(--line);background:var(--soft)}
.ctx-label{font-size:12px;color:var(--mute);margin-bottom:6px}
.ctx .pc{background:var(--bg)}
.ctx-actions{display:flex;align-items:center;gap:12px;margin-top:8px}
.ctx-order{border-top:1px solid var(--line);border-bottom:0}.ctx-order:empty{display:none}
.log{flex:1;min-height:30%;overflow-y:auto;outline-offset:-2px;padding:14px 14px 6px;display:flex;flex-direction:column;gap:3px}
.row{display:flex;flex-direction:column;align-items:flex-start;max-width:86%}
.row.me{align-self:flex-end;align-items:flex-end}
.who{font-size:12px;color:var(--mute);margin:8px 0 3px 4px}
.bubble{padding:8px 12px;border-radius:14px 14px 14px 4px;background:#f1f3f5;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.me .bubble{background:var(--a);color:var(--f,#fff);border-radius:14px 14px 4px 14px}
.me+.me,.them+.them{margin-top:1px}.them+.me,.me+.them,.sys+.row{margin-top:8px}
.bubble a{color:inherit;text-decoration:underline;text-underline-offset:2px}
.pending .bubble{opacity:.72}
.failed .bubble{background:#fde7ea;color:#8a1020}
.fail{display:flex;align-items:center;gap:6px;font-size:12px;color:#b3122b;margin-top:2px}
.tk{display:inline-flex;align-items:center;gap:3px;margin-top:2px;color:var(--mute);font-size:12px}
.tk svg{width:16px;height:15px}
.tk-read{color:var(--d,var(--a))}
.sys{align-self:center;text-align:center;font-size:12px;color:var(--mute);margin:10px 0 6px;max-width:92%}
.sys span{background:var(--soft);padding:3px 10px;border-radius:999px;display:inline-block;overflow-wrap:anywhere}
.card{width:260px;max-width:100%}
.pc{display:flex;gap:10px;padding:8px;border:1px solid var(--line);border-radius:12px;background:var(--bg);align-items:center}
.pc-img{width:56px;height:56px;border-radius:8px;object-fit:cover;flex:none;background:var(--soft)}
.pc-body{display:flex;flex-direction:column;min-width:0;gap:2px}
.pc-title{font-weight:600;color:var(--fg);text-decoration:none;overflow-wrap:anywhere;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
a.pc-title:hover{text-decoration:underline}
.pc-price{color:#c8102e;font-weight:700}
.typing{font-size:12px;color:var(--mute);display:flex;align-items:center;gap:6px;margin:6px 2px}
.dots{display:inline-flex;gap:3px}.dots i{width:5px;height:5px;border-radius:50%;background:currentColor;animation:b 1.2s infinite}
.dots i:nth-child(2){animation-delay:.15s}.dots i:nth-child(3){animation-delay:.3s}
@keyframes b{0%,60%,100%{opacity:.3}30%{opacity:1}}
.earlier{align-self:center;margin-bottom:8px}
.closed-hint{flex:none;margin:0;padding:6px 14px;font-size:12px;color:var(--mute);text-align:center}
.qr{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.chip{border:1px solid var(--d,var(--a));color:var(--d,var(--a));background:var(--bg);border-radius:999px;padding:6px 12px;cursor:pointer;font-size:13px;min-height:32px}
.chip:hover{background:var(--soft)}
.jump{position:sticky;bottom:0;align-self:center}
@media (prefers-color-scheme:dark){.app{color-scheme:dark;--d:var(--a);--bg:#1b1d22;--fg:#eceef2;--mute:#a8afbb;--line:#2f333b;--soft:#24272d}.bubble{background:#2a2e35}.panel{box-shadow:0 12px 48px #00000080}.pc-price{color:#ff8a8a}.chip{color:var(--fg)}}
@supports (color:oklch(from red l c h)){@media (prefers-color-scheme:dark){.app{--d:oklch(from var(--a) max(l,.72) c h)}}}
.fb{display:flex;flex-wrap:wrap;gap:2px 8px;align-items:center;margin:2px 0 8px;font-size:12px;color:var(--mute)}
.link{border:0;background:none;padding:4px 2px;color:var(--mute);text-decoration:underline;cursor:pointer;font-size:12px}
.fail .link,.count.over{color:#b3122b;font-weight:600}
.composer{flex:none;display:flex;flex-wrap:wrap;align-items:flex-end;gap:8px;padding:8px 10px calc(8px + env(safe-area-inset-bottom)) 12px;border-top:1px solid var(--line);background:var(--bg)}
textarea{flex:1;min-width:0;resize:none;border:1px solid var(--line);border-radius:20px;padding:9px 14px;font-size:16px;line-height:20px;max-height:120px;background:var(--soft)}
textarea:focus{border-color:var(--d,var(--a));background:var(--bg)}
textarea::placeholder{color:var(--mute);opacity:1}
.send{border-radius:50%;background:var(--a);color:var(--f,#fff)}
.send:disabled{background:var(--line);color:var(--mute);cursor:default}
.send svg{width:20px;height:20px}
.hint{flex-basis:100%;display:flex;justify-content:space-between;gap:8px;font-size:12px;color:var(--mute);padding:0 6px}
.hint:empty{display:none}
.offline-note{margin-left:auto}
i.icon-btn{cursor:auto}.att{color:var(--mute)}.att:focus-within{outline:2px solid var(--d,var(--a))}
.th{display:block;padding:0;border:0;border-radius:10px;overflow:hidden;cursor:zoom-in}.th img{display:block;max-width:100%;max-height:220px}
@media (max-height:480px){.panel{right:calc(88px + env(safe-area-inset-right));bottom:calc(20px + env(safe-area-inset-bottom));height:calc(100% - 40px)}:host([data-pos=left]) .panel{left:calc(88px + env(safe-area-inset-left))}}
@media (max-width:480px),(max-device-width:480px){:host([data-kefu]) .panel{inset:var(--kefu-t,0) var(--kefu-r,0) var(--kefu-b,0) var(--kefu-l,0);width:auto;height:auto;border-radius:0;border:0}.head{padding-top:calc(12px + env(safe-area-inset-top))}.row{max-width:90%}.fb .link{padding:13px 6px}}
@media (prefers-reduced-motion:reduce){.panel,.dots i{animation:none}}`;
