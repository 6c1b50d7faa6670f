use anchor_lang::prelude::*;

#[program]
pub mod rewards {
    use super::*;
    pub fn claim(ctx: Context<Claim>, bump: u8) -> Result<()> {
        let _ = bump;
        ctx.accounts.ticket.claimed = true;
        Ok(())
    }
}

#[derive(Accounts)]
#[instruction(bump: u8)]
pub struct Claim<'info> {
    #[account(
        mut,
        has_one = user,
        seeds = [b"ticket", user.key().as_ref()],
        bump = bump // expect: non-canonical-bump
    )]
    pub ticket: Account<'info, Ticket>,
    pub user: Signer<'info>,
}

#[account]
pub struct Ticket {
    pub user: Pubkey,
    pub bump: u8,
    pub claimed: bool,
}
