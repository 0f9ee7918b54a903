-- Joint work (issue 23; docs/rules.md §21): a window may be a 综合窗口 that takes
-- bundles; the catalog's bundles of items (一件事, 三案同审) with their stages and shared
-- materials; key projects (重点项目) with a liaison; a bundle case, one application for a
-- bundle's items, each item its own case (case.bundle_case_id), with its own documents
-- (document.bundle_case_id: the one receipt, combined notice and acceptance notice);
-- cases linked to a key project; supervision orders (督办) on a case, a bundle case or a
-- project, and their replies.
ALTER TABLE "window" ADD COLUMN "comprehensive" INTEGER NOT NULL DEFAULT FALSE;
CREATE TABLE "bundle" ("id" INTEGER NOT NULL PRIMARY KEY, "code" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "description" TEXT NOT NULL, "shared_materials" TEXT NOT NULL, "created_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX "bundle_code" ON "bundle" ("code");
CREATE TABLE "bundle_item" ("id" INTEGER NOT NULL PRIMARY KEY, "bundle_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "item_code" VARCHAR(255) NOT NULL, "stage" INTEGER NOT NULL, FOREIGN KEY ("bundle_id") REFERENCES "bundle" ("id") ON DELETE CASCADE);
CREATE INDEX "bundle_item_bundle_id" ON "bundle_item" ("bundle_id");
CREATE UNIQUE INDEX "bundle_item_bundle_id_position" ON "bundle_item" ("bundle_id", "position");
CREATE UNIQUE INDEX "bundle_item_bundle_id_item_code" ON "bundle_item" ("bundle_id", "item_code");
CREATE TABLE "key_project" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "company" TEXT NOT NULL, "uscc" VARCHAR(255) NOT NULL, "level" VARCHAR(255) NOT NULL, "liaison_id" INTEGER NOT NULL, "leader" TEXT NOT NULL, "created_by_id" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, "closed_on" DATE, FOREIGN KEY ("liaison_id") REFERENCES "staff" ("id"), FOREIGN KEY ("created_by_id") REFERENCES "staff" ("id"));
CREATE UNIQUE INDEX "key_project_name" ON "key_project" ("name");
CREATE TABLE "bundle_case" ("id" INTEGER NOT NULL PRIMARY KEY, "number" VARCHAR(255) NOT NULL, "bundle_id" INTEGER NOT NULL, "window_id" INTEGER, "owner_id" INTEGER NOT NULL, "key_project_id" INTEGER, "created_at" DATETIME NOT NULL, "delivered_on" DATE, "delivered_by_id" INTEGER, FOREIGN KEY ("bundle_id") REFERENCES "bundle" ("id"), FOREIGN KEY ("window_id") REFERENCES "window" ("id"), FOREIGN KEY ("owner_id") REFERENCES "staff" ("id"), FOREIGN KEY ("key_project_id") REFERENCES "key_project" ("id"), FOREIGN KEY ("delivered_by_id") REFERENCES "staff" ("id"));
CREATE UNIQUE INDEX "bundle_case_number" ON "bundle_case" ("number");
CREATE INDEX "bundle_case_owner_id_delivered_on" ON "bundle_case" ("owner_id", "delivered_on");
CREATE INDEX "bundle_case_key_project_id" ON "bundle_case" ("key_project_id");
ALTER TABLE "case" ADD COLUMN "bundle_case_id" INTEGER REFERENCES "bundle_case" ("id");
ALTER TABLE "case" ADD COLUMN "key_project_id" INTEGER REFERENCES "key_project" ("id");
CREATE INDEX "case_bundle_case_id" ON "case" ("bundle_case_id");
CREATE INDEX "case_key_project_id" ON "case" ("key_project_id");
ALTER TABLE "document" ADD COLUMN "bundle_case_id" INTEGER REFERENCES "bundle_case" ("id");
CREATE INDEX "document_bundle_case_id" ON "document" ("bundle_case_id");
CREATE TABLE "supervision_order" ("id" INTEGER NOT NULL PRIMARY KEY, "number" VARCHAR(255) NOT NULL, "case_id" INTEGER, "bundle_case_id" INTEGER, "key_project_id" INTEGER, "issued_by_id" INTEGER NOT NULL, "owner_id" INTEGER NOT NULL, "reason" TEXT NOT NULL, "expected" TEXT NOT NULL, "issued_at" DATETIME NOT NULL, "reply_days" INTEGER NOT NULL, "reply_by" DATE NOT NULL, "state" VARCHAR(255) NOT NULL, "closed_by_id" INTEGER, "closed_at" DATETIME, "close_note" TEXT NOT NULL, FOREIGN KEY ("case_id") REFERENCES "case" ("id"), FOREIGN KEY ("bundle_case_id") REFERENCES "bundle_case" ("id"), FOREIGN KEY ("key_project_id") REFERENCES "key_project" ("id"), FOREIGN KEY ("issued_by_id") REFERENCES "staff" ("id"), FOREIGN KEY ("owner_id") REFERENCES "staff" ("id"), FOREIGN KEY ("closed_by_id") REFERENCES "staff" ("id"), CHECK ((CASE WHEN "case_id" IS NULL THEN 0 ELSE 1 END) + (CASE WHEN "bundle_case_id" IS NULL THEN 0 ELSE 1 END) + (CASE WHEN "key_project_id" IS NULL THEN 0 ELSE 1 END) = 1));
CREATE UNIQUE INDEX "supervision_order_number" ON "supervision_order" ("number");
CREATE INDEX "supervision_order_owner_id_state" ON "supervision_order" ("owner_id", "state");
CREATE INDEX "supervision_order_state_reply_by" ON "supervision_order" ("state", "reply_by");
CREATE INDEX "supervision_order_case_id" ON "supervision_order" ("case_id");
CREATE INDEX "supervision_order_bundle_case_id" ON "supervision_order" ("bundle_case_id");
CREATE INDEX "supervision_order_key_project_id" ON "supervision_order" ("key_project_id");
CREATE TABLE "supervision_reply" ("id" INTEGER NOT NULL PRIMARY KEY, "order_id" INTEGER NOT NULL, "staff_id" INTEGER NOT NULL, "at" DATETIME NOT NULL, "progress" TEXT NOT NULL, "delay_reason" TEXT NOT NULL, "new_date" DATE, FOREIGN KEY ("order_id") REFERENCES "supervision_order" ("id"), FOREIGN KEY ("staff_id") REFERENCES "staff" ("id"));
CREATE INDEX "supervision_reply_order_id" ON "supervision_reply" ("order_id");
