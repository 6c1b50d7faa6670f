use anchor_lang::prelude::*;

#[program]
pub mod lottery {
    use super::*;
    pub fn close_entry(ctx: Context<CloseEntry>) -> Result<()> {
        let entry = ctx.accounts.entry.to_account_info();
        let destination = ctx.accounts.destination.to_account_info();
        let refund = destination.lamports().checked_add(entry.lamports()).ok_or(LotteryError::Overflow)?;
        **destination.lamports.borrow_mut() = refund;
        **entry.lamports.borrow_mut() = 0; // expect: insecure-close
        Ok(())
    }
}

#[derive(Accounts)]
pub struct CloseEntry<'info> {
    #[account(mut, has_one = destination)]
    pub entry: Account<'info, Entry>,
    #[account(mut)]
    pub destination: Signer<'info>,
}

#[account]
pub struct Entry {
    pub destination: Pubkey,
}
