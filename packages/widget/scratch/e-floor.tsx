import { render } from 'preact';
import { useState, useRef, useEffect, useLayoutEffect } from 'preact/hooks';
import { signal, effect, computed, batch } from '@preact/signals';
import { createShopperClient } from '@kefu/sdk/client';
const s = signal(0); const c = computed(() => s.value * 2);
function A() { const [x, setX] = useState(0); const r = useRef(null); useEffect(() => {}, []); useLayoutEffect(() => {}); return <div ref={r} onClick={() => { setX(x + 1); batch(() => { s.value++; }); }}>{x}{c.value}</div>; }
export function mount(el: HTMLElement) { const cl = createShopperClient({ url: 'x', siteKey: 'y' }); cl.on('message', (m) => { s.value = m.seq; }); effect(() => render(<A />, el)); }
