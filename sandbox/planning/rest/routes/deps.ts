import type { PlanningService } from '../../service';
import type { Auth } from '../auth';
import type { Faults } from '../faults';

export interface RouteDeps {
  service: PlanningService;
  auth: Auth;
  faults: Faults;
  maxBodyBytes: number;
}

/** Ids in paths: letters, digits and . _ : - (no slashes or spaces), up to 128 characters. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
