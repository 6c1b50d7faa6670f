use anchor_lang::prelude::*;
use anchor_lang::solana_program::sysvar::instructions::{load_current_index_checked, load_instruction_at_checked};

#[program]
pub mod guard {
    use super::*;
    pub fn guarded(ctx: Context<Guarded>) -> Result<()> {
        let ixs = ctx.accounts.instructions.to_account_info();
        let index = load_current_index_checked(&ixs)?;
        let _previous = load_instruction_at_checked(index as usize, &ixs)?;
        Ok(())
    }
}

#[derive(Accounts)]
pub struct Guarded<'info> {
    pub payer: Signer<'info>,
    /// CHECK: the address constraint pins the instructions sysvar
    #[account(address = anchor_lang::solana_program::sysvar::instructions::ID)]
    pub instructions: AccountInfo<'info>,
}
