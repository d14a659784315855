import { z } from 'zod';
import { localDateSchema } from './time-limit';

/**
 * An administrative level (cấp hành chính) as data, not an enum: the 2018
 * texts have four levels (central, province, district, commune); since
 * 01/07/2025 local government has two tiers and district one-stop units are
 * gone, but old district dossiers must still load.
 */
export interface Level {
  code: string;
  name: { vi: string; en?: string };
  validFrom: string;
  validTo?: string;
}

/** Zod schema of an administrative level (cấp hành chính) of the catalog. */
export const levelSchema = z.object({
  code: z.string().min(1),
  name: z.object({ vi: z.string().min(1), en: z.string().optional() }),
  validFrom: localDateSchema,
  validTo: localDateSchema.optional(),
});

/**
 * Default levels: the 2018 four levels, with `district` ending 30/06/2025.
 * @example createCatalog({ procedures, levels: [...DEFAULT_LEVELS, myLevel] })
 */
export const DEFAULT_LEVELS: readonly Level[] = Object.freeze([
  { code: 'central', name: { vi: 'Trung ương (Bộ, ngành)', en: 'Central (ministry)' }, validFrom: '2018-06-21' },
  { code: 'province', name: { vi: 'Cấp tỉnh', en: 'Province' }, validFrom: '2018-06-21' },
  { code: 'district', name: { vi: 'Cấp huyện', en: 'District' }, validFrom: '2018-06-21', validTo: '2025-06-30' },
  { code: 'commune', name: { vi: 'Cấp xã', en: 'Commune' }, validFrom: '2018-06-21' },
]);
