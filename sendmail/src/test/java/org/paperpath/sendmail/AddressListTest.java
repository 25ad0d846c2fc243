package org.paperpath.sendmail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressListTest {

    @Test
    void bareAddressesSeparatedByCommas() {
        assertThat(AddressList.parse("a@x.test, b@y.test")).containsExactly("a@x.test", "b@y.test");
    }

    @Test
    void displayNamesAndCommentsAreDropped() {
        assertThat(AddressList.parse("Alice <a@x.test>, b@y.test (Bob, the builder)"))
                .containsExactly("a@x.test", "b@y.test");
    }

    @Test
    void aCommaInsideAQuotedDisplayNameDoesNotSplit() {
        assertThat(AddressList.parse("\"Smith, Carol\" <c@x.test>, \"D \\\"Q\\\" E\" <d@x.test>"))
                .containsExactly("c@x.test", "d@x.test");
    }

    @Test
    void quotedLocalPartsAreKept() {
        assertThat(AddressList.parse("\"joe smith\"@x.test")).containsExactly("\"joe smith\"@x.test");
    }

    @Test
    void groupsYieldTheirMembersAndEmptyGroupsNothing() {
        assertThat(AddressList.parse("friends: a@x.test, Bee <b@x.test>; c@x.test")).containsExactly("a@x.test", "b@x.test",
                "c@x.test");
        assertThat(AddressList.parse("undisclosed-recipients:;")).isEmpty();
    }

    @Test
    void aSourceRouteIsDropped() {
        assertThat(AddressList.parse("<@relay.test,@other.test:a@x.test>")).containsExactly("a@x.test");
    }

    @Test
    void foldedWhitespaceAndEmptyEntriesAreIgnored() {
        assertThat(AddressList.parse("  a@x.test ,, \t b@x.test ,")).containsExactly("a@x.test", "b@x.test");
    }
}
