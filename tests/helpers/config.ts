/** The package's default configuration, as the tests' source of districts and aliases. */
import { loadConfig } from '../../src/config/load.js';

export const CONFIG = await loadConfig();
export const DISTRICTS = CONFIG.city.districts;
export const ALIASES = CONFIG.aliases;
