/** Help generated from the manifests' specs: render it, send it, and the source the Bot registers. */
export { renderHelp, notFoundMessage, type HelpQuery, type HelpResult } from './render.js';
export { sendHelp, DM_FAILED, DM_SENT } from './send.js';
export { paginate, type HelpBlock, type HelpDocument, type HelpPage } from './pages.js';
export { registerHelpSource, helpSourceOf, type HelpSource } from './source.js';
