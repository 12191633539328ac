/** Vite's `?raw` imports: a file's text (tests read the README with it). */
declare module '*.md?raw' {
  const text: string;
  export default text;
}
