import { HubToShopper, decodeFrame } from '@kefu/protocol';
export function mount(s: string) { return decodeFrame(HubToShopper, s); }
