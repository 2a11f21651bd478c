package zmd.registry.parcel;

import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * How another feature moves a block's status, inside that feature's own transaction: the listing lifecycle holds the
 * block while it decides, then moves it to LISTED, GRANTED or back to PLANNED. The parcel feature owns the block's
 * table; this is the only way other features change it.
 */
public final class ParcelStatusMoves {
    /** A block's status and version. */
    public record State(UUID id, String status, int version) {
    }

    private final ParcelRepository parcels;

    public ParcelStatusMoves(ParcelRepository parcels) {
        this.parcels = parcels;
    }

    /** The block as it is, without a lock: for checks made before the transaction that will hold it. */
    public Optional<State> current(DSLContext ctx, UUID parcelId) {
        return parcels.statusState(ctx, parcelId);
    }

    /**
     * Locks the block's row against concurrent edits until the transaction of {@code tx} ends. FOR NO KEY UPDATE,
     * not FOR UPDATE: rows elsewhere that reference the block (reserves, check reports) can still be written meanwhile.
     */
    public State hold(DSLContext tx, UUID parcelId) {
        return parcels.lockStatusState(tx, parcelId);
    }

    /**
     * Moves the block to {@code status} in the transaction of {@code tx} (nothing is written when it is there already).
     * The version is bumped so that a staff edit based on the old version gets CONFLICT instead of writing the old
     * status back.
     */
    public void move(DSLContext tx, UUID parcelId, ParcelStatus status) {
        parcels.moveStatus(tx, parcelId, status.name());
    }
}
