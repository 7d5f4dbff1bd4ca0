// opencc-js publishes types for its presets and core only; its dictionaries (reached through the
// package's "./*" export) are each one string of `source target` pairs separated by `|`.
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}
