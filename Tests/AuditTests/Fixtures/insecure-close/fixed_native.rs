use solana_program::{account_info::AccountInfo, entrypoint::ProgramResult, program_error::ProgramError};

pub fn close_by_hand(entry: &AccountInfo, destination: &AccountInfo) -> ProgramResult {
    let refund = destination.lamports().checked_add(entry.lamports()).ok_or(ProgramError::ArithmeticOverflow)?;
    **destination.lamports.borrow_mut() = refund;
    **entry.lamports.borrow_mut() = 0;
    entry.data.borrow_mut().fill(0);
    Ok(())
}
