// A project module that holds the Supabase clients: one for writes, a read replica, and a typed proxy in front.
import { createClient, SupabaseClient } from '@supabase/supabase-js';

export const db = createClient(process.env.SUPABASE_URL ?? '', process.env.SUPABASE_KEY ?? '');

const replicaClient = createClient(process.env.SUPABASE_REPLICA_URL ?? '', process.env.SUPABASE_KEY ?? '');

export const replica: SupabaseClient = new Proxy(replicaClient, {
  get: (target, property, receiver) => Reflect.get(target, property, receiver),
}) as unknown as SupabaseClient;
