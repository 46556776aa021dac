import { contractJsonSchemas } from './json-schema.js';

process.stdout.write(`${JSON.stringify(contractJsonSchemas(), null, 2)}\n`);
