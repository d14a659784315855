import { InMemoryEventStore } from '@motcua/core';
import { engineContract } from '@motcua/core/testkit';

engineContract('in-memory', async () => ({ store: new InMemoryEventStore() }));
