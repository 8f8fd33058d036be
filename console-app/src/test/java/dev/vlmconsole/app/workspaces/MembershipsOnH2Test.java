package dev.vlmconsole.app.workspaces;

/** {@link MembershipsTests} on the embedded H2 database. */
class MembershipsOnH2Test extends MembershipsTests {}
