use anchor_lang::prelude::*;
use anchor_lang::solana_program::sysvar::instructions::{load_current_index, load_instruction_at_checked};

#[program]
pub mod guard {
    use super::*;
    pub fn guarded(ctx: Context<Guarded>) -> Result<()> {
        let ixs = ctx.accounts.instructions.to_account_info();
        let index = load_current_index(&ixs.data.borrow()); // expect: unchecked-sysvar
        let _previous = load_instruction_at_checked(index as usize, &ixs)?;
        Ok(())
    }
}

#[derive(Accounts)]
pub struct Guarded<'info> {
    pub payer: Signer<'info>,
    /// CHECK: instructions sysvar
    pub instructions: AccountInfo<'info>, // expect: unchecked-sysvar
}
