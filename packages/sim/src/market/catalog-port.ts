/**
 * The one place the live half imports the market catalog from (DESIGN.md, "Catalog"), so the live
 * modules depend on its contract rather than on its file layout.
 */
export { Catalog, type SimMarket } from '../catalog.js';
