/**
 * What bin/bulletin.js takes from the CLI's bundle: the command line, and the
 * render worker's early start (the bundle is one module graph, so the worker
 * it starts is the one the build uses).
 */
export { main } from './main.js';
export { prepareRenderers } from '../render/parallel.js';
