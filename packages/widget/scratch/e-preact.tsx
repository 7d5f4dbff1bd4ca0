import { render } from 'preact';
import { useState, useRef, useEffect, useLayoutEffect } from 'preact/hooks';
import { signal, effect, computed, batch } from '@preact/signals';
const s = signal(0); const c = computed(() => s.value * 2);
function A() { const [x, setX] = useState(0); const r = useRef(null); useEffect(() => {}, []); useLayoutEffect(() => {}); return <div ref={r} onClick={() => { setX(x + 1); batch(() => { s.value++; }); }}>{x}{c.value}</div>; }
export function mount(el: HTMLElement) { effect(() => render(<A />, el)); }
