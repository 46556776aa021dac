/*
 * The reason codes offered per rule and decision live with the server, which also turns them
 * into words for the CSV export; `reasons.<code>` in the dictionaries gives the UI's words.
 */
export { reasonsFor, type ReasonDecision as Decision } from '../../../src/domain/decision-reasons.js';
