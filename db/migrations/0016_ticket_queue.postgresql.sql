-- The hall's ticket queue (排队叫号, issue 24; docs/rules.md §24): the queues of the
-- kiosk, each with its prefix letter, department and optional common item; the windows
-- that call each queue (a window may serve several, a queue several windows); the
-- tickets, numbered per queue and local day, with their state, the window that called
-- them and the case or consultation they led to; and the devices of the hall (rating
-- pad, kiosk, calling display) that the administrator binds to a window or the hall.
CREATE TABLE "ticket_queue" ("id" SERIAL NOT NULL PRIMARY KEY, "prefix" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "department_id" INTEGER NOT NULL, "item_code" VARCHAR(255) NOT NULL, "active" BOOLEAN NOT NULL, FOREIGN KEY ("department_id") REFERENCES "department" ("id"));
CREATE UNIQUE INDEX "ticket_queue_prefix" ON "ticket_queue" ("prefix");
CREATE TABLE "queue_window" ("id" SERIAL NOT NULL PRIMARY KEY, "queue_id" INTEGER NOT NULL, "window_id" INTEGER NOT NULL, FOREIGN KEY ("queue_id") REFERENCES "ticket_queue" ("id") ON DELETE CASCADE, FOREIGN KEY ("window_id") REFERENCES "window" ("id"));
CREATE UNIQUE INDEX "queue_window_queue_id_window_id" ON "queue_window" ("queue_id", "window_id");
CREATE INDEX "queue_window_window_id" ON "queue_window" ("window_id");
CREATE TABLE "ticket" ("id" SERIAL NOT NULL PRIMARY KEY, "queue_id" INTEGER NOT NULL, "day" DATE NOT NULL, "number" INTEGER NOT NULL, "priority" VARCHAR(255) NOT NULL, "state" VARCHAR(255) NOT NULL, "taken_at" TIMESTAMP NOT NULL, "window_id" INTEGER, "called_by_id" INTEGER, "called_at" TIMESTAMP, "recalls" INTEGER NOT NULL, "finished_at" TIMESTAMP, "case_id" INTEGER, "consultation_id" INTEGER, FOREIGN KEY ("queue_id") REFERENCES "ticket_queue" ("id"), FOREIGN KEY ("window_id") REFERENCES "window" ("id"), FOREIGN KEY ("called_by_id") REFERENCES "staff" ("id"), FOREIGN KEY ("case_id") REFERENCES "case" ("id"), FOREIGN KEY ("consultation_id") REFERENCES "consultation" ("id"));
CREATE UNIQUE INDEX "ticket_queue_id_day_number" ON "ticket" ("queue_id", "day", "number");
CREATE INDEX "ticket_day_state" ON "ticket" ("day", "state");
CREATE INDEX "ticket_window_id_state" ON "ticket" ("window_id", "state");
CREATE TABLE "device" ("id" SERIAL NOT NULL PRIMARY KEY, "code" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "window_id" INTEGER, "active" BOOLEAN NOT NULL, FOREIGN KEY ("window_id") REFERENCES "window" ("id"));
CREATE UNIQUE INDEX "device_code" ON "device" ("code");
