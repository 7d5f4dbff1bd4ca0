/** How the console gets an agent's attention: a short sound and a browser notification. */
export interface Attention {
  /** A short chime; only called while the agent has sound on. */
  chime(): void;
  /** A system notification; only shown once the agent allowed them (and while the page is hidden). */
  notify(title: string, body: string): void;
  /** Asks the browser for permission: call it from a click, browsers ignore it otherwise. */
  requestPermission(): Promise<'granted' | 'denied' | 'default' | 'unsupported'>;
  permission(): 'granted' | 'denied' | 'default' | 'unsupported';
}

/** The browser's: Web Audio for the chime (no sound file to load), the Notification API. */
export function browserAttention(): Attention {
  let audio: AudioContext | undefined;
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  return {
    chime() {
      const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
      if (!Ctx) return;
      audio ??= new Ctx();
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.35);
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.35);
    },
    notify(title, body) {
      if (N?.permission !== 'granted' || document.visibilityState === 'visible') return;
      new N(title, { body, tag: 'kefu-console' });
    },
    async requestPermission() {
      if (!N) return 'unsupported';
      return N.requestPermission();
    },
    permission() {
      return N ? N.permission : 'unsupported';
    },
  };
}

/** For tests and servers: remembers what it would have done. */
export function recordingAttention() {
  const chimes: number[] = [];
  const notes: { title: string; body: string }[] = [];
  let state: 'granted' | 'denied' | 'default' = 'default';
  const attention: Attention = {
    chime: () => void chimes.push(Date.now()),
    notify: (title, body) => {
      if (state === 'granted') notes.push({ title, body });
    },
    requestPermission: async () => {
      state = 'granted';
      return state;
    },
    permission: () => state,
  };
  return { attention, chimes, notes };
}
