-- The event chain's head as it stood at a moment (issue 20 item 2, docs/architecture.md
-- §2.6): events cut off the end of the chain break no link, but an anchor names an event
-- that is gone. Append-only, like the events (event_append_only comes from 0001).
CREATE TABLE "chain_anchor" ("id" SERIAL NOT NULL PRIMARY KEY, "at" TIMESTAMP NOT NULL, "reason" VARCHAR(255) NOT NULL, "last_event_id" INTEGER NOT NULL, "hash" VARCHAR(255) NOT NULL);
CREATE TRIGGER "chain_anchor_no_update" BEFORE UPDATE OR DELETE ON "chain_anchor"
FOR EACH ROW EXECUTE FUNCTION event_append_only();
