/**
 * planbridge/contracts: the versioned data contracts. A node pack registers its own (a JSON Schema whose
 * $id is `urn:planbridge:<name>@<version>`) with `registerContract`, and pb-validate then checks records
 * against it like any other contract. Add a version; never change one.
 */
export { contracts, ContractError, parseContractRef, registerContract, type Contract, type Problem } from '../canonical/registry';
export { compileChecker, DEFAULT_RULES, type RuleOptions } from '../canonical/rules';
