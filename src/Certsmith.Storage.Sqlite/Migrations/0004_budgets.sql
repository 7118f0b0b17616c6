-- Rate-limit budgets (DESIGN.md, "Rate-limit budgets"): one row per charge in a scope (an order counted by a
-- limit, or a failed authorization), kept while its window lasts; and the holds the CA imposed with a
-- rateLimited answer (Retry-After), per scope.
CREATE TABLE budget_charges (
    id         INTEGER PRIMARY KEY,
    scope      TEXT NOT NULL,
    charged_at INTEGER NOT NULL
);
CREATE INDEX budget_charges_by_scope ON budget_charges (scope, charged_at);

CREATE TABLE budget_holds (
    scope  TEXT PRIMARY KEY,
    until  INTEGER NOT NULL,
    reason TEXT NOT NULL
);
