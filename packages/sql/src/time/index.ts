/**
 * Time handling shared by the translator, the ingest path and the REST renderer.
 * (Implementation lands in this folder; signatures are the contract.)
 */
export {};
