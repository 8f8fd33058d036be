package dev.vlmconsole.app.keys;

/** {@link KeyServiceTests} on the shared H2 console. */
class KeyServiceOnH2Test extends KeyServiceTests {
}
