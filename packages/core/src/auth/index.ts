/** Authorization: the access policy as data, and the check the engine runs before `decide`. */
export { accessPolicySchema, policyRuleSchema, definePolicy, extendPolicy, policyAt, POLICY_SCOPES } from './policy';
export type { AccessPolicy, AccessPolicyInput, PolicyRule, PolicyScope, PolicyExtension } from './policy';
export { DEFAULT_POLICY_2025 } from './default-policy';
export { authorize, dossierFacts, scopeReaches } from './authorize';
export { actorFor } from './actor-for';
export type { Authorization, DossierFacts } from './authorize';
export { authorizer, engineAuthorizer } from './check';
export type { Authorizer, PolicyOption } from './check';
