/** The attachment chunk's styles: the tray of photos above the composer, and the viewer over the panel. */
export const ATTACH_CSS = `.tray{flex:none;display:flex;gap:10px;margin:0;padding:10px 12px 0;list-style:none;overflow-x:auto}
.ph{position:relative;flex:none;width:88px;display:flex;flex-direction:column;gap:3px;font-size:11.5px;line-height:1.3;color:var(--mute)}
.ph img{width:88px;height:88px;object-fit:cover;border-radius:10px;border:1px solid var(--line);background:var(--soft)}
.ph.failed img{opacity:.5}.ph.failed{color:#b3122b}
.ph progress{width:100%;height:4px;accent-color:var(--a)}
.ph-x{position:absolute;top:-6px;right:-6px;width:26px;height:26px;border:2px solid var(--bg);border-radius:50%;background:var(--fg);color:var(--bg);cursor:pointer;font-size:15px;line-height:1;padding:0}
.tray-note{flex-basis:100%;margin:6px 12px 0;font-size:12px;color:#b3122b}
.vw{position:absolute;inset:0;z-index:2;display:grid;place-items:center;padding:56px 12px 12px;background:rgba(0,0,0,.9)}
.vw img{max-width:100%;max-height:100%;object-fit:contain}
.vw-x{position:absolute;top:8px;right:8px;width:40px;height:40px;border:0;border-radius:50%;background:rgba(255,255,255,.22);color:#fff;font-size:26px;line-height:1;cursor:pointer}
.vw :focus-visible{outline-color:#fff}`;
