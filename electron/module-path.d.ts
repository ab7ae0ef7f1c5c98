/** electron-vite: `import path from './x?modulePath'` gives the path of the built chunk of x. */
declare module '*?modulePath' {
  const path: string;
  export default path;
}
