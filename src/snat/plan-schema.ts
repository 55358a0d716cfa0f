// The planner's contract in one import: the request schema (what a platform team describes) and
// the response schema (the plan), both zod 4, shared by the endpoint, the CLI and the OpenAPI document.
export * from './plan-request-schema.js';
export * from './plan-response-schema.js';
