import type { QuarantinedFile } from '../../lib/operational-signals';
import type { OperationalAlert } from './operational';

/** One alert per quarantined file: `file_quarantined:edi:<partner>:<name in quarantine/>`. */
export function quarantineAlert(file: QuarantinedFile): OperationalAlert {
  const partner = file.partner ?? 'unknown';
  // The reason as written beside the file starts with its code, which the message already names.
  const why = file.reason.startsWith(`${file.code}: `) ? file.reason.slice(file.code.length + 2) : file.reason;
  return {
    type: 'file_quarantined',
    key: `file_quarantined:${file.system}:${partner}:${file.kept}`,
    severity: 'warning',
    message: `${file.system.toUpperCase()} file ${file.file} from ${partner} was quarantined (${file.code}): ${why}`,
    details: {
      partner: file.partner,
      file: file.file,
      kept: file.kept,
      folder: file.folder,
      code: file.code,
      reason: file.reason,
      node: file.source.id,
    },
    supplier: file.partner,
  };
}
