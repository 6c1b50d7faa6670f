use anchor_lang::prelude::*;

#[program]
pub mod lottery {
    use super::*;
    pub fn close_entry(_ctx: Context<CloseEntry>) -> Result<()> {
        Ok(())
    }
}

#[derive(Accounts)]
pub struct CloseEntry<'info> {
    #[account(mut, has_one = destination, close = destination)]
    pub entry: Account<'info, Entry>,
    #[account(mut)]
    pub destination: Signer<'info>,
}

#[account]
pub struct Entry {
    pub destination: Pubkey,
}
