-- Questions asked at a window or on the phone (咨询登记, issue 22; docs/rules.md §18),
-- owned by the clerk who took them until answered or referred (首问负责).
CREATE TABLE "consultation" ("id" SERIAL NOT NULL PRIMARY KEY, "department_id" INTEGER NOT NULL, "window_id" INTEGER, "item_id" INTEGER, "owner_id" INTEGER NOT NULL, "channel" VARCHAR(255) NOT NULL, "visitor" TEXT NOT NULL, "phone" TEXT NOT NULL, "question" TEXT NOT NULL, "answer" TEXT NOT NULL, "state" VARCHAR(255) NOT NULL, "asked_at" TIMESTAMP NOT NULL, "due_at" TIMESTAMP, "closed_at" TIMESTAMP, FOREIGN KEY ("department_id") REFERENCES "department" ("id"), FOREIGN KEY ("window_id") REFERENCES "window" ("id"), FOREIGN KEY ("item_id") REFERENCES "item" ("id"), FOREIGN KEY ("owner_id") REFERENCES "staff" ("id"));
CREATE INDEX "consultation_owner_id_state" ON "consultation" ("owner_id", "state");
CREATE INDEX "consultation_department_id_asked_at" ON "consultation" ("department_id", "asked_at");
