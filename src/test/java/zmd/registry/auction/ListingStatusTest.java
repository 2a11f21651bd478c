package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import zmd.registry.parcel.ParcelStatus;

class ListingStatusTest {
    /** The whole 6 x 6 matrix: exactly these moves are allowed. */
    @Test
    void transitionMatrix() {
        Set<String> legal = Set.of("DRAFT>ANNOUNCED", "DRAFT>WITHDRAWN", "ANNOUNCED>BIDDING", "ANNOUNCED>WITHDRAWN",
                "BIDDING>SOLD", "BIDDING>UNSOLD", "BIDDING>WITHDRAWN");
        for (ListingStatus from : ListingStatus.values()) {
            for (ListingStatus to : ListingStatus.values()) {
                assertEquals(legal.contains(from + ">" + to), from.canBecome(to), from + " -> " + to);
            }
        }
    }

    @Test
    void blockStatusFollowsTheListing() {
        assertEquals(null, ListingStatus.DRAFT.parcelStatus());
        assertEquals(ParcelStatus.LISTED, ListingStatus.ANNOUNCED.parcelStatus());
        assertEquals(ParcelStatus.LISTED, ListingStatus.BIDDING.parcelStatus());
        assertEquals(ParcelStatus.GRANTED, ListingStatus.SOLD.parcelStatus());
        assertEquals(ParcelStatus.PLANNED, ListingStatus.UNSOLD.parcelStatus());
        assertEquals(ParcelStatus.PLANNED, ListingStatus.WITHDRAWN.parcelStatus());
        assertEquals(EnumSet.of(ListingStatus.DRAFT, ListingStatus.ANNOUNCED, ListingStatus.BIDDING),
                EnumSet.copyOf(java.util.Arrays.stream(ListingStatus.values()).filter(ListingStatus::open).toList()));
    }

    @Test
    void publicOnceAnnounced() {
        assertFalse(ListingStatus.publicState(ListingStatus.DRAFT, false));
        assertFalse(ListingStatus.publicState(ListingStatus.WITHDRAWN, false));
        assertTrue(ListingStatus.publicState(ListingStatus.WITHDRAWN, true));
        assertTrue(ListingStatus.publicState(ListingStatus.ANNOUNCED, true));
        assertTrue(ListingStatus.publicState(ListingStatus.UNSOLD, true));
    }
}
