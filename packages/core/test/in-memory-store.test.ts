import { InMemoryEventStore } from '@motcua/core';
import { eventStoreContract } from '@motcua/core/testkit';

eventStoreContract('in-memory', async () => ({ store: new InMemoryEventStore() }));
