/** DuckDB quoting for tests that write their own SQL text (fixtures, checks of written files). */
import { quoteIdent, stringLiteral } from '../../../core/index.js';

export const duckString = (value: string): string => stringLiteral(value, 'duckdb');
export const duckIdent = (name: string): string => quoteIdent(name, 'duckdb');
