/**
 * The bundled official schedules, one file per year (2018–2026).
 */
import { official2018 } from './2018';
import { official2019 } from './2019';
import { official2020 } from './2020';
import { official2021 } from './2021';
import { official2022 } from './2022';
import { official2023 } from './2023';
import { official2024 } from './2024';
import { official2025 } from './2025';
import { official2026 } from './2026';
import type { OfficialYear } from './types';

export type { OfficialPlacement, OfficialOverride, OfficialWindow, OfficialYear } from './types';

/**
 * Every bundled yearly schedule for state bodies, oldest first.
 *
 * @example
 * ```ts
 * import { OFFICIAL_SCHEDULES } from '@motcua/calendar';
 * OFFICIAL_SCHEDULES.map((s) => s.year); // [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]
 * ```
 */
export const OFFICIAL_SCHEDULES: readonly OfficialYear[] = [
  official2018,
  official2019,
  official2020,
  official2021,
  official2022,
  official2023,
  official2024,
  official2025,
  official2026,
];
