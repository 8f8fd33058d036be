-- One row that first run locks (select ... for update) before it looks for people, so that
-- nodes starting together on one empty database set the install up once: the others wait,
-- then find the Owner (or the setup token) the first one made. Runs on H2 and PostgreSQL.
create table first_run_lock (
    id  integer primary key,
    constraint first_run_lock_one_row_ck check (id = 1)
);
insert into first_run_lock (id) values (1);
