// A unit's contact for the opening paragraph of its report, as the turn reads it and the engine
// stores it (「联系方式：…」, handlers/contact.ts).
import type { EntityManager } from 'typeorm';
import { UnitContact } from '../../entities/unit-contact.ts';
import type { Contact } from '../report/opening.ts';

/** A stored contact as the opening paragraph reads it. */
export function contactOf(row: Pick<UnitContact, 'office' | 'address' | 'phone'>): Contact {
  return { office: row.office, ...(row.address && { address: row.address }), ...(row.phone && { phone: row.phone }) };
}

/** The unit's contact, if it set one. */
export async function findContact(m: EntityManager, unitId: number): Promise<Contact | undefined> {
  const row = await m.findOne(UnitContact, { where: { unitId } });
  return row ? contactOf(row) : undefined;
}

/** Set the unit's contact, replacing the one before. */
export async function saveContact(m: EntityManager, unitId: number, contact: Contact, at: Date): Promise<void> {
  await m.upsert(UnitContact, { unitId, office: contact.office, address: contact.address ?? null, phone: contact.phone ?? null, updatedAt: at }, ['unitId']);
}
