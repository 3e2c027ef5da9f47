import type { Node, NodeAPI, NodeDef } from 'node-red';
import { contracts } from '../canonical/registry';
import { compileChecker, type RecordChecker, type RuleOptions } from '../canonical/rules';
import { toPlanbridgeError } from '../lib/errors';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import type { PlanbridgeMessage } from '../lib/types';
import { ruleOptionsFrom, type ValidateFields } from './validate/options';
import { validateMessage, type ValidationCounts } from './validate/validate-message';
import { nodeKit } from '../common/kit';
import { metrics } from '../lib/metrics';

interface ValidateDef extends NodeDef, ValidateFields {}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);
  const problems = metrics(kit.runtime).validationProblems;

  function PbValidate(this: Node, def: ValidateDef): void {
    RED.nodes.createNode(this, def);
    let rules: RuleOptions;
    let fixed: RecordChecker | undefined;
    try {
      rules = ruleOptionsFrom(def);
      if (def.contract) fixed = compileChecker(contracts().get(def.contract), rules);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const byRef = new Map<string, RecordChecker>();
    const checkerFor = (ref: unknown): RecordChecker => {
      const contract = contracts().get(ref);
      let checker = byRef.get(contract.ref);
      if (!checker) {
        checker = compileChecker(contract, rules);
        byRef.set(contract.ref, checker);
      }
      return checker;
    };
    const totals: ValidationCounts = { valid: 0, invalid: 0 };

    this.on('input', (msg: PlanbridgeMessage, send, done) => {
      kit.runInput(this, msg, send, done, () => {
        const named = msg.event?.dataschema;
        if (!fixed) return validateMessage(msg, checkerFor(named), totals, problems);
        if (named && named !== fixed.contract.dataschema && named !== fixed.contract.ref) fieldOrMsg(this, 'contract', def.contract, named);
        return validateMessage(msg, fixed, totals, problems);
      });
    });
  }

  RED.nodes.registerType('pb-validate', PbValidate);
}
