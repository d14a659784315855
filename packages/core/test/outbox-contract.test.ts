import { InMemoryOutboxStore } from '@motcua/core';
import { outboxStoreContract } from '@motcua/core/testkit';

outboxStoreContract('in-memory', async () => {
  const outbox = new InMemoryOutboxStore();
  return { outbox, second: async () => outbox };
});
