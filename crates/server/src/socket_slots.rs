//! How many sockets are open, in all and per client address. A socket takes a slot at the
//! handshake and holds it as a guard for its whole life, so the slot comes back however the
//! socket ends: closed by either side, dropped, or an upgrade that never completed.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};

/// The `WS_MAX_SOCKETS_PER_ADDRESS` and `WS_MAX_SOCKETS` settings.
#[derive(Debug, Clone, Copy)]
pub struct SocketLimits {
    pub per_address: usize,
    pub total: usize,
}

/// Why a handshake found no slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoSlot {
    #[error("too many sockets open from this client address")]
    ForAddress,
    #[error("as many sockets open as the server allows")]
    OnServer,
}

#[derive(Default)]
struct Open {
    total: usize,
    per_address: HashMap<IpAddr, usize>,
}

pub struct SocketSlots {
    limits: SocketLimits,
    open: Mutex<Open>,
}

/// A socket's slot; dropping it frees the slot.
pub struct Slot {
    slots: Arc<SocketSlots>,
    address: IpAddr,
}

impl SocketSlots {
    pub fn new(limits: SocketLimits) -> Self {
        Self {
            limits,
            open: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        // Every update is finished before the lock is released, so a poisoned lock is whole.
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A slot for a socket from `address`, if both its address and the server have room.
    pub fn take(self: &Arc<Self>, address: IpAddr) -> Result<Slot, NoSlot> {
        let mut open = self.lock();
        let from_address = open.per_address.get(&address).copied().unwrap_or(0);
        if from_address >= self.limits.per_address {
            return Err(NoSlot::ForAddress);
        }
        if open.total >= self.limits.total {
            return Err(NoSlot::OnServer);
        }
        open.total += 1;
        open.per_address.insert(address, from_address + 1);
        Ok(Slot {
            slots: Arc::clone(self),
            address,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.lock();
        open.total = open.total.saturating_sub(1);
        // An address with no socket left is forgotten, so the map holds only open ones.
        if let Entry::Occupied(mut entry) = open.per_address.entry(self.address) {
            *entry.get_mut() -= 1;
            if *entry.get() == 0 {
                entry.remove();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    fn address(last: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(192, 0, 2, last))
    }

    fn slots(per_address: usize, total: usize) -> Arc<SocketSlots> {
        Arc::new(SocketSlots::new(SocketLimits { per_address, total }))
    }

    #[test]
    fn an_address_gets_its_share_and_no_more() {
        let slots = slots(2, 10);
        let held = [slots.take(address(1)), slots.take(address(1))];
        assert!(held.iter().all(Result::is_ok));
        assert_eq!(slots.take(address(1)).err(), Some(NoSlot::ForAddress));
        assert!(
            slots.take(address(2)).is_ok(),
            "another address has its own share"
        );
    }

    #[test]
    fn the_server_holds_its_total_whoever_asks() {
        let slots = slots(5, 2);
        let _held = [slots.take(address(1)), slots.take(address(2))];
        assert_eq!(slots.take(address(3)).err(), Some(NoSlot::OnServer));
    }

    #[test]
    fn a_dropped_slot_is_free_again_and_its_address_forgotten() {
        let slots = slots(1, 1);
        let held = slots.take(address(1));
        assert!(held.is_ok());
        drop(held);
        assert!(slots.lock().per_address.is_empty());
        assert_eq!(slots.lock().total, 0);
        assert!(slots.take(address(1)).is_ok());
    }
}
