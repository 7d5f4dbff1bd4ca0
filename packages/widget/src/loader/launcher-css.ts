/**
 * The launcher's styles: all the loader draws. `:host` rules are `!important` because inside a
 * shadow root those win over the page's own `!important` rules (shadow-including cascade order).
 */
export const LAUNCHER_CSS = `:host{all:initial!important;display:block!important;position:fixed!important;top:0!important;left:0!important;width:0!important;height:0!important;visibility:visible!important;opacity:1!important;transform:none!important;z-index:var(--kefu-z,2147483000)!important;--a:var(--kefu-accent,#2454d6)}
.l{all:initial;position:fixed;bottom:calc(20px + env(safe-area-inset-bottom,0px));right:calc(20px + env(safe-area-inset-right,0px));width:56px;height:56px;border-radius:50%;background:var(--a);color:#fff;cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.22);display:grid;place-items:center;transition:transform .2s}
:host([data-pos=left]) .l{right:auto;left:calc(20px + env(safe-area-inset-left,0px))}
.l:hover{transform:scale(1.06)}.l:focus-visible{outline:3px solid var(--a);outline-offset:3px}
.l svg{width:28px;height:28px;fill:currentColor}.l .x,.l[aria-expanded=true] .o{display:none}.l[aria-expanded=true] .x{display:block}
.b{position:absolute;top:-3px;right:-3px;min-width:20px;height:20px;padding:0 6px;box-sizing:border-box;border-radius:10px;background:#c8102e;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}.b:empty{display:none}
@media (prefers-reduced-motion:reduce){.l{transition:none}}`;
